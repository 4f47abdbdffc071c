/** The buttons of a native (live) answer while it streams; see createControls. */
import type { MessageRef, ReplySurface } from '../surface/reply-surface.js';
import type { StreamOptions } from './stream-answer.js';

/**
 * A live message carries text only until it ends, so the buttons shown while streaming (Stop) go
 * on a small companion message under it: moved under each new live message, removed before the
 * answer's last message ends.
 */
export function createControls(surface: ReplySurface, opts: StreamOptions) {
  let ref: MessageRef | undefined;
  const remove = async () => {
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
    ref = await surface.post({ text: '_Answering…_', buttons: opts.buttons }).catch(() => undefined);
  };
  return {
    get ref() {
      return ref;
    },
    show,
    remove,
    async move() {
      if (!ref) return;
      await remove();
      await show();
    },
  };
}
export type Controls = ReturnType<typeof createControls>;
