/**
 * The Element Timing API's attribute (Chromium): the browser reports when an element so named is
 * first painted. The browser benchmark (B8) reads it to time the first state on screen.
 */
export type ElementTimingAttributes = {
  elementtiming?: string;
};

declare module 'react' {
  interface HTMLAttributes<T> extends ElementTimingAttributes {}
}
