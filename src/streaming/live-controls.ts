/** The buttons of a native (live) answer while it streams; see createControls. */
import type { MessageRef, ReplySurface } from '../surface/reply-surface.js';
import type { StreamOptions } from './stream-answer.js';

/** Nobody presses Stop on an answer that is over within a second: its companion is never posted. */
export const CONTROLS_AFTER_MS = 1_000;

/**
 * A live message carries text only until it ends, so the buttons shown while streaming (Stop) go
 * on a small companion message under it: posted once the answer has streamed for
 * `controlsAfterMs` (a short answer needs no Stop, and saves the post and its removal), moved under
 * each new live message, removed before the answer's last message ends.
 */
export function createControls(
  surface: ReplySurface,
  opts: StreamOptions,
  /** Told when the companion is up, so the answer's journal learns where its Stop sits. */
  onPosted?: () => void,
) {
  let ref: MessageRef | undefined;
  let timer: NodeJS.Timeout | undefined;
  /** The companion's post while it is under way (removal waits for it). */
  let posting: Promise<void> | undefined;
  const post = () => {
    if (!opts.buttons?.length) return Promise.resolve();
    posting = surface
      .post({ text: '_Answering…_', buttons: opts.buttons })
      .then(
        (r) => {
          ref = r;
          onPosted?.();
        },
        () => undefined,
      )
      .finally(() => {
        posting = undefined;
      });
    return posting;
  };
  const remove = async () => {
    clearTimeout(timer);
    timer = undefined;
    await posting;
    const old = ref;
    ref = undefined;
    if (!old) return;
    const removed = surface.delete
      ? await surface.delete(old).then(
          () => true,
          () => false,
        )
      : false;
    if (!removed) await surface.edit(old, { text: '_Answered._', buttons: [] }).catch(() => undefined);
  };
  const show = async () => {
    if (!opts.buttons?.length) return;
    const after = opts.controlsAfterMs ?? CONTROLS_AFTER_MS;
    if (after <= 0) return post();
    timer = setTimeout(() => {
      timer = undefined;
      void post();
    }, after);
    timer.unref?.();
  };
  return {
    get ref() {
      return ref;
    },
    show,
    remove,
    async move() {
      await posting;
      if (!ref) return;
      await remove();
      await post();
    },
  };
}
export type Controls = ReturnType<typeof createControls>;
