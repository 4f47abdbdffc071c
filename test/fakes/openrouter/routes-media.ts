/** Audio (speech bytes, transcription) and video jobs (create, poll, content, models). */
import { newId } from './answers.js';
import { VIDEO_MODELS } from './fixtures.js';
import { type Ctx, requireFields, sendError, sendJson } from './http.js';
import { mp3Silence, mp4File, pcmTone } from './media.js';
import type { FakeState, VideoJobState } from './state.js';

export function speech(ctx: Ctx, state: FakeState): void {
  if (!requireFields(ctx, 'model', 'input')) return;
  if (ctx.body.response_format !== undefined && !['mp3', 'pcm'].includes(String(ctx.body.response_format))) {
    sendError(ctx, 400, 'Invalid request: response_format must be one of mp3, pcm');
    return;
  }
  const mp3 = ctx.body.response_format === 'mp3';
  const id = newId('gen-');
  rememberSpeech(state, id, ctx.body);
  const headers = { 'content-type': mp3 ? 'audio/mpeg' : 'audio/pcm', 'x-generation-id': id };
  if (state.speechBytes !== undefined) {
    ctx.res.writeHead(200, { ...headers, 'content-length': String(state.speechBytes) });
    streamBytes(ctx, state.speechBytes);
    return;
  }
  const samples = Math.min(24_000, 400 * String(ctx.body.input).length);
  const bytes = mp3 ? mp3Silence(Math.max(2, Math.ceil(samples / 1152))) : pcmTone(samples);
  ctx.res.writeHead(200, { ...headers, 'content-length': String(bytes.length) });
  ctx.res.end(bytes);
}

/** The speech response carries only its generation id; the cost ($15 per million characters) is in GET /generation. */
function rememberSpeech(state: FakeState, id: string, body: Record<string, unknown>): void {
  const chars = String(body.input ?? '').length;
  const usage = {
    prompt_tokens: chars,
    completion_tokens: 0,
    total_tokens: chars,
    cost: Number((chars * 0.000015).toFixed(10)),
  };
  state.generations.set(id, {
    answer: {
      id,
      model: String(body.model),
      provider: 'OpenAI',
      text: '',
      reasoning: '',
      finishReason: 'stop',
      images: [],
      usage,
      reply: {},
    },
    body,
    apiType: 'tts',
    streamed: false,
    createdAt: new Date().toISOString(),
    cancelled: false,
  });
}

/** openapi STTInputAudio.format: wav, mp3, flac, m4a, ogg, webm, aac (+ OpenAI's aliases). */
const STT_FORMATS = ['wav', 'mp3', 'flac', 'm4a', 'ogg', 'webm', 'aac', 'mp4', 'mpeg', 'mpga', 'oga', 'opus'];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function transcription(ctx: Ctx, state: FakeState): void {
  if (!requireFields(ctx, 'model', 'input_audio')) return;
  const audio = ctx.body.input_audio as { data?: unknown; format?: unknown };
  if (typeof audio.data !== 'string' || audio.data.length === 0 || typeof audio.format !== 'string') {
    sendError(ctx, 400, 'Invalid request: input_audio.data and input_audio.format are required');
    return;
  }
  if (audio.data.startsWith('data:')) {
    sendError(ctx, 400, 'Invalid request: input_audio.data must be base64 audio, not a data URI');
    return;
  }
  if (!BASE64.test(audio.data) || audio.data.length % 4 === 1) {
    sendError(ctx, 400, 'Invalid request: input_audio.data is not valid base64');
    return;
  }
  if (!STT_FORMATS.includes(audio.format.toLowerCase())) {
    sendError(ctx, 400, `Invalid request: audio format '${audio.format}' is not supported by this model`);
    return;
  }
  const bytes = Buffer.from(audio.data, 'base64').length;
  const seconds = Math.max(1, Math.round(bytes / 16_000));
  const words = state.transcript.split(/\s+/).length;
  const body: Record<string, unknown> = {
    text: state.transcript,
    usage: {
      seconds,
      input_tokens: seconds * 10,
      output_tokens: words,
      total_tokens: seconds * 10 + words,
      cost: seconds * 0.0001,
    },
  };
  if (ctx.body.response_format === 'verbose_json')
    Object.assign(body, {
      task: 'transcribe',
      language: ctx.body.language ?? 'en',
      duration: seconds,
      segments: [{ id: 0, start: 0, end: seconds, text: state.transcript }],
    });
  sendJson(ctx.res, 200, body, { 'x-generation-id': newId('gen-') });
}

function jobView(state: FakeState, job: VideoJobState): Record<string, unknown> {
  const polling_url = `/api/v1/videos/${job.id}`;
  const view: Record<string, unknown> = { id: job.id, polling_url, generation_id: job.generationId };
  if (job.polls === 0) return { ...view, status: 'pending' };
  if (job.polls < job.config.pollsUntilDone) return { ...view, status: 'in_progress' };
  if (job.config.fail)
    return { ...view, status: 'failed', error: 'The provider rejected the prompt (content policy).' };
  if (job.config.endAs === 'expired')
    return { ...view, status: 'expired', error: 'The job exceeded its time to live.' };
  if (job.config.endAs === 'cancelled') return { ...view, status: 'cancelled' };
  return {
    ...view,
    status: 'completed',
    unsigned_urls: Array.from(
      { length: job.config.outputs },
      (_, i) => `${state.origin}/api/v1/videos/${job.id}/content?index=${i}`,
    ),
    ...(job.config.omitCost ? {} : { usage: { cost: 0.4 * job.config.outputs, is_byok: false } }),
  };
}

export function createVideo(ctx: Ctx, state: FakeState): void {
  if (!requireFields(ctx, 'model')) return;
  if (!VIDEO_MODELS.some((m) => m.id === ctx.body.model)) {
    sendError(ctx, 404, `Model ${String(ctx.body.model)} is not a video model`);
    return;
  }
  const job: VideoJobState = {
    id: newId('vid_'),
    model: String(ctx.body.model),
    prompt: String(ctx.body.prompt ?? ''),
    polls: 0,
    config: { ...state.videoConfig },
    generationId: newId('gen-'),
  };
  state.videos.set(job.id, job);
  sendJson(ctx.res, 202, jobView(state, job));
}

export function getVideo(ctx: Ctx, state: FakeState): void {
  const job = state.videos.get(ctx.params[0] ?? '');
  if (!job) {
    sendError(ctx, 404, 'Video generation job not found');
    return;
  }
  job.polls++;
  sendJson(ctx.res, 200, jobView(state, job));
}

export function videoContent(ctx: Ctx, state: FakeState): void {
  const job = state.videos.get(ctx.params[0] ?? '');
  if (!job) {
    sendError(ctx, 404, 'Video generation job not found');
    return;
  }
  if (jobView(state, job).status !== 'completed') {
    sendError(ctx, 404, 'Video is not ready');
    return;
  }
  const index = Number(ctx.url.searchParams.get('index') ?? 0);
  if (!Number.isInteger(index) || index < 0) {
    sendError(ctx, 400, 'index must be a non-negative integer');
    return;
  }
  if (index >= job.config.outputs) {
    sendError(ctx, 404, `No output with index ${index}`);
    return;
  }
  const bytes = mp4File(index);
  const size = job.config.contentBytes ?? bytes.length;
  ctx.res.writeHead(200, {
    'content-type': 'video/mp4',
    ...(job.config.chunked ? {} : { 'content-length': String(size) }),
  });
  if (job.config.contentBytes === undefined) return void ctx.res.end(bytes);
  streamBytes(ctx, size);
}

/** Writes `total` bytes in 64 KiB pieces, honouring back-pressure (never one big buffer). */
function streamBytes(ctx: Ctx, total: number): void {
  const piece = Buffer.alloc(64 * 1024, 1);
  let left = total;
  const pump = () => {
    while (left > 0) {
      const n = Math.min(left, piece.length);
      left -= n;
      if (!ctx.res.write(n === piece.length ? piece : piece.subarray(0, n)))
        return void ctx.res.once('drain', pump);
    }
    ctx.res.end();
  };
  pump();
}

export function videoModels(ctx: Ctx): void {
  sendJson(ctx.res, 200, { data: VIDEO_MODELS });
}
