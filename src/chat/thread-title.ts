/** The title of a thread opened for a conversation: the question's first line, at most 90 characters. */
export function threadTitle(prompt: string): string {
  const line = prompt.split('\n')[0]?.trim() ?? '';
  return (line.length > 90 ? `${line.slice(0, 89)}…` : line) || 'Conversation';
}
