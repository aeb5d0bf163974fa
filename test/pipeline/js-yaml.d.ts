// js-yaml 4 ships no types; the tests use only its safe loader (the default schema runs no code).
declare module 'js-yaml' {
  export function load(text: string): unknown;
}
