import { expiryWorkerSuite } from "./expiryWorkerSuite.js";
import { makeInMemoryHarness } from "./support/harness.js";

expiryWorkerSuite("the in-memory store", makeInMemoryHarness);
