export { JoseTokenIssuer, type JoseTokenIssuerOptions, MIN_SECRET_BYTES } from "./JoseTokenIssuer.js";
export { ScryptPasswordHasher } from "./ScryptPasswordHasher.js";
