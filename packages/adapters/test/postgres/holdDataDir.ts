// Child process for openEmbeddedDatabase.test.ts: opens DATA_DIR, says "open" and holds it until killed.
import { openEmbeddedDatabase } from "../../src/postgres/openEmbeddedDatabase.js";

await openEmbeddedDatabase(process.argv[2]);
process.stdout.write("open\n");
setInterval(() => undefined, 60_000);
