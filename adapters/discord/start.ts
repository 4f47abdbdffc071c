export async function startDiscord(..._a: unknown[]): Promise<{ stop(): Promise<void> }> {
  throw new Error('not yet');
}
