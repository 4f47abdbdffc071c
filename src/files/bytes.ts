/** A Buffer view of the same bytes (no copy): uploads hand large files to the platform clients. */
export function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** 25 MB, 1.5 MB, 300 KB: sizes as people read them in messages. */
export function formatSize(bytes: number): string {
  const value = bytes / 1024 / 1024;
  if (value < 1) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${value >= 10 || Number.isInteger(value) ? Math.round(value) : value.toFixed(1)} MB`;
}
