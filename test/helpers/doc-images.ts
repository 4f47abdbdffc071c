/** Tests that make example pictures for docs/ save them when UPDATE_DOC_IMAGES=1 (never otherwise). */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export async function saveDocImage(name: string, bytes: Uint8Array): Promise<void> {
  if (process.env.UPDATE_DOC_IMAGES !== '1') return;
  await writeFile(fileURLToPath(new URL(`../../docs/images/${name}`, import.meta.url)), bytes);
}
