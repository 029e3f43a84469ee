// src/web/images: the image proxy, /img/<id> (see proxy.ts).
export { type ImageProxyOptions, registerImageProxy, STATUS_TTL_MS } from './proxy.ts';
export { PLACEHOLDER_PNG, PLACEHOLDER_TYPE } from './placeholder.ts';
export { type ImageType, type SniffedImage, sniffImage } from './sniff.ts';
export { cacheKey } from './disk-cache.ts';
