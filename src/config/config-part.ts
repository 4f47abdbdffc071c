/**
 * A part of the configuration owned by someone else than the core (an adapter): the variables it
 * reads, their fix-it hints, the rules that tie them together, and how they become its settings.
 * The composition root hands the parts to `loadConfigWith`, so every problem is still reported at
 * once, and the core's own configuration names no platform.
 */
import type { z } from 'zod';

/** A problem that only shows across variables (one set without the other). */
export interface GroupRule {
  key: string;
  when: (env: Record<string, unknown>) => boolean;
  message: string;
}

export interface ConfigPart<Shape extends z.ZodRawShape, T> {
  /** Every variable this part reads, with its parser and default. */
  shape: Shape;
  hints: Partial<Record<keyof Shape & string, string>>;
  rules: readonly GroupRule[];
  /** This part's settings, or undefined when its variables are unset (then it is not started). */
  build(env: z.output<z.ZodObject<Shape>>): T | undefined;
  /** The secret values in its settings (scrubbed from every log line). */
  secrets(config: T): ReadonlyArray<string | undefined>;
}

// biome-ignore lint/suspicious/noExplicitAny: any part, whatever its variables and settings
export type AnyConfigPart = ConfigPart<any, any>;
export type ConfigParts = Record<string, AnyConfigPart>;

/** The settings each part built, under its name (absent: not configured). */
export type PartConfigs<P extends ConfigParts> = {
  [K in keyof P]?: P[K] extends ConfigPart<z.ZodRawShape, infer T> ? T : never;
};

/** Infers a part's types from its definition. */
export function defineConfigPart<Shape extends z.ZodRawShape, T>(
  part: ConfigPart<Shape, T>,
): ConfigPart<Shape, T> {
  return part;
}
