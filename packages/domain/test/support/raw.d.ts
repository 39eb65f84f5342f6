// Vite's `?raw` imports answer a file's text; declared here because the domain's tsconfig loads no vite types.
declare module "*?raw" {
  const text: string;
  export default text;
}
