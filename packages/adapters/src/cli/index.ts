export { type EnvTable, type EnvVar, formatHelp, wantsHelp } from "./formatHelp.js";
