/** The environment a Switchboard process needs to answer on a fake Discord through the fake OpenRouter. */
export function discordBotEnv(
  discord: { token: string; applicationId: string; apiUrl: string },
  openrouter: { baseUrl: string },
  apiKey: string,
): Record<string, string> {
  return {
    OPENROUTER_API_KEY: apiKey,
    OPENROUTER_BASE_URL: openrouter.baseUrl,
    // a fault a test injects is seen as it is, not retried away
    OPENROUTER_MAX_RETRIES: '0',
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiUrl,
  };
}
