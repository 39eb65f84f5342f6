import { describe, expect, it } from "vitest";
import { ScryptPasswordHasher } from "../../src/crypto/ScryptPasswordHasher.js";

describe("ScryptPasswordHasher", () => {
  // Cheap parameters keep the suite fast; the format and checks are the same.
  const hasher = new ScryptPasswordHasher({ N: 1024 });

  it("verifies the password it hashed and nothing else", async () => {
    const hash = await hasher.hash("s3cret");
    expect(await hasher.verify("s3cret", hash)).toBe(true);
    expect(await hasher.verify("s3cret ", hash)).toBe(false);
    expect(await hasher.verify("", hash)).toBe(false);
  });

  it("salts every hash and describes its own parameters", async () => {
    const [a, b] = [await hasher.hash("same"), await hasher.hash("same")];
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    // A hasher with other defaults still checks hashes made with these parameters.
    expect(await new ScryptPasswordHasher().verify("same", a)).toBe(true);
  });

  it("answers false, after doing the work, when there is no hash", async () => {
    expect(await hasher.verify("anything", null)).toBe(false);
  });

  it("answers false for a malformed or hostile hash instead of throwing", async () => {
    for (const bad of [
      "",
      "plain",
      "bcrypt$x",
      "scrypt$3$8$1$c2FsdA==$a2V5a2V5a2V5a2V5a2V5",
      "scrypt$1073741824$8$1$c2FsdA==$a2V5a2V5a2V5a2V5a2V5",
    ]) {
      expect(await hasher.verify("pw", bad)).toBe(false);
    }
  });
});
