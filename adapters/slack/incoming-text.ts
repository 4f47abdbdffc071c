/**
 * Text as Slack sends it to apps: `&`, `<` and `>` typed by people arrive as `&amp;`, `&lt;` and
 * `&gt;` (mentions, channels and links stay `<@U…|name>`, `<#C…|name>`, `<https://…>`). Decoded
 * once, here, so the model, the history and the notebook see what the person wrote.
 */
export function fromSlackText(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}
