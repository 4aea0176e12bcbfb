/**
 * recharts builds its lines with `getPath`, exported by its Curve module but not by its index;
 * the sparklines use it without the React component around it (sparkline.tsx).
 */
declare module 'recharts/es6/shape/Curve' {
  export { getPath } from 'recharts/types/shape/Curve';
}
