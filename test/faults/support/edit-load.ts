import { propertiesPerCreatedThing } from "./mixed-load.ts";
import { imageForm } from "./image-files.ts";

/** One request of the edit load and how it ended (0: no response, the server was killed). */
export interface EditOutcome {
  operation: "upload" | "create-thing" | "patch-thing" | "rotate-image" | "delete-image" | "create-list";
  status: number;
  /** The thing, list or image the request created or changed. */
  subject?: string;
  /** For uploads and rotations: the content hash in the response. */
  hash?: string;
}

export interface EditLoadOptions {
  baseUrl: string;
  cookie: string;
  clients: number;
  namePrefix: string;
  /** Distinct photos to upload, used in turn. */
  photos: readonly Uint8Array[];
}

export interface EditLoad {
  readonly outcomes: EditOutcome[];
  /** Let the clients finish the request they are in; resolves when all have returned. */
  stop(): Promise<void>;
}

/** Properties for a created or patched thing: always the same count, so a partial write shows. */
function propertiesNamed(label: string) {
  return Array.from({ length: propertiesPerCreatedThing }, (_, index) => ({ type: "string", name: `p${index}`, value: `${label}/${index}` }));
}

/**
 * Upload, rotate and delete photos, create things with a photo, replace their properties and
 * photo, and create lists of three things, from several concurrent clients. Meant to run
 * while the server is killed: a request without a response is recorded with status 0.
 */
export function startEditLoad(options: EditLoadOptions): EditLoad {
  const outcomes: EditOutcome[] = [];
  let running = true;
  let photoIndex = 0;
  const nextPhoto = () => options.photos[photoIndex++ % options.photos.length]!;

  const send = async (operation: EditOutcome["operation"], method: string, path: string, body?: unknown): Promise<{ outcome: EditOutcome; json: Record<string, unknown> }> => {
    const outcome: EditOutcome = { operation, status: 0 };
    let json: Record<string, unknown> = {};
    try {
      const headers: Record<string, string> = { Cookie: options.cookie };
      let encoded: BodyInit | undefined;
      if (body instanceof FormData) {
        encoded = body;
      } else if (body !== undefined) {
        encoded = JSON.stringify(body);
        headers["Content-Type"] = "application/json";
      }
      const response = await fetch(`${options.baseUrl}${path}`, { method, headers, body: encoded, signal: AbortSignal.timeout(20_000) });
      json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      outcome.status = response.status;
      if (typeof json.hash === "string") outcome.hash = json.hash;
    } catch {
      // The server died with the request in flight, or is not back yet.
      await Bun.sleep(100);
    }
    outcomes.push(outcome);
    return { outcome, json };
  };

  const client = async (clientIndex: number) => {
    const images: string[] = [];
    const things: string[] = [];
    for (let round = 0; running; round += 1) {
      const label = `${options.namePrefix}-${clientIndex}-${round}`;
      const step = round % 6;
      if (step === 0 || images.length === 0) {
        const { outcome, json } = await send("upload", "POST", "/api/images", imageForm(nextPhoto(), `${label}.jpg`));
        if (outcome.status === 201) images.push((outcome.subject = json.id as string));
      } else if (step === 1 || things.length === 0) {
        const { outcome, json } = await send("create-thing", "POST", "/api/things", { name: label, properties: propertiesNamed(label), quantity: 3, imagesIds: [images.at(-1)] });
        outcome.subject = label;
        if (outcome.status === 201) things.push(json.id as string);
      } else if (step === 2) {
        const thing = things.at(-1)!;
        const { outcome } = await send("patch-thing", "PATCH", `/api/things/${thing}`, { properties: propertiesNamed(`${label}-patched`), imagesIds: [images[round % images.length]] });
        outcome.subject = thing;
      } else if (step === 3) {
        const image = images[round % images.length]!;
        const { outcome } = await send("rotate-image", "PATCH", `/api/images/${image}`, { rotation: 90 });
        outcome.subject = image;
      } else if (step === 4) {
        const { outcome: uploaded, json } = await send("upload", "POST", "/api/images", imageForm(nextPhoto(), `${label}-doomed.jpg`));
        if (uploaded.status !== 201) continue;
        uploaded.subject = json.id as string;
        const { outcome } = await send("delete-image", "DELETE", `/api/images/${json.id as string}`);
        outcome.subject = json.id as string;
      } else if (things.length >= 3) {
        const { outcome } = await send("create-list", "POST", "/api/lists", { name: `${label}-list`, thingIds: things.slice(-3) });
        outcome.subject = `${label}-list`;
      }
    }
  };

  const clients = Array.from({ length: options.clients }, (_, index) => client(index));
  return {
    outcomes,
    async stop() {
      running = false;
      await Promise.all(clients);
    },
  };
}
