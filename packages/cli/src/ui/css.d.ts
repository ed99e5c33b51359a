// esbuild bundles the stylesheet into dist/ui/app.css.
declare module '*.css';
