// The Cornerstone libjpeg-turbo build ships no types; src/jpeg-wasm.ts states the shape it uses.
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  const factory: () => Promise<unknown>;
  export default factory;
}
