/**
 * Bot-wide rules set by the operators: a floor under every server (`BOT_FORCE_ZDR`, `BOT_MODELS`) and the policy
 * for DMs outside any server or workspace (Discord DMs): env vars here, and what bot admins set with `/config`
 * in a DM (stored as the `dm` pseudo-server). When both say something, the stricter one holds.
 */
export interface BotRules {
  /** Zero-data-retention on every request everywhere; no server can turn it off. */
  forceZdr: boolean;
  /** Model patterns every request must match everywhere (empty = no bot-wide restriction). */
  models: string[];
  dm: {
    /** Off: DMs are refused (bot admins still pass, so they can turn them back on). */
    enabled: boolean;
    /** Commands DMs may use (empty = every command). */
    commands: string[];
    forceZdr: boolean;
    models: string[];
    /** Per-user limits in DMs (USD; undefined = none). */
    userDayUsd?: number;
    userMonthUsd?: number;
  };
}

export const NO_BOT_RULES: BotRules = {
  forceZdr: false,
  models: [],
  dm: { enabled: true, commands: [], forceZdr: false, models: [] },
};
