/** PDF rendering of generated documents (GB/T 9704-2012 layout, Noto CJK fonts from Debian's fonts-noto-cjk). */
export * from './fonts';
export * from './render-pdf';
