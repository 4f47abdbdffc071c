/** A Buffer view of the same bytes (no copy): uploads hand large files to the platform clients. */
export function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
