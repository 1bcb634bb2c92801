import { unlink } from "node:fs/promises";
import { Hono } from "hono";
import * as v from "valibot";
import { requireViewer } from "../auth/viewer.ts";
import type { AppDeps } from "../http/deps.ts";
import type { AppEnv } from "../http/env.ts";
import { pageEnvelope, paginationQuery } from "../http/pagination.ts";
import { queryBoolean, readJsonBody, readQuery } from "../http/validation.ts";
import { deleteImage } from "./delete-image.ts";
import { imageJson, reducedImageJson } from "./image-json.ts";
import { imageServicesFor } from "./image-services.ts";
import { listOwnImages } from "./list-own-images.ts";
import { receiveMultipartFile } from "./multipart-file.ts";
import { rotateImage } from "./rotate-image.ts";
import { storeUploadedImage } from "./store-uploaded-image.ts";

export const galleryQuery = v.object({ ...paginationQuery, onlyUnassigned: queryBoolean(false) });

export const rotationBody = v.object({
  rotation: v.picklist([90, 180, 270], "must be 90, 180 or 270 (degrees counter-clockwise)"),
});

/** `/api/images`: the viewer's gallery, upload, rotation and deletion. */
export function imageRoutes(deps: AppDeps): Hono<AppEnv> {
  const services = imageServicesFor(deps);
  const app = new Hono<AppEnv>();

  app.get("/", async (c) => {
    const viewer = requireViewer(c);
    const query = readQuery(c, galleryQuery);
    const { images, totalCount } = await listOwnImages(deps.db, viewer.id, query);
    const items = images.map((image) => imageJson(image.row, image.canDelete, image.things));
    return c.json(pageEnvelope("images", items, query, totalCount));
  });

  app.post("/", async (c) => {
    const viewer = requireViewer(c);
    const upload = await receiveMultipartFile(c.req.raw, {
      field: "file",
      tempDirectory: services.store.tempDirectory,
      maxFileBytes: services.maxUploadBytes,
    });
    try {
      const image = await storeUploadedImage(deps, viewer.id, upload);
      return c.json(reducedImageJson(image), 201);
    } finally {
      await unlink(upload.path).catch(() => {});
    }
  });

  // 200, not the original's 201: a rotation changes an existing image and creates nothing.
  app.patch("/:id", async (c) => {
    const viewer = requireViewer(c);
    const { rotation } = await readJsonBody(c, rotationBody);
    const image = await rotateImage(deps, viewer.id, c.req.param("id"), rotation);
    return c.json(reducedImageJson(image));
  });

  app.delete("/:id", async (c) => {
    const viewer = requireViewer(c);
    const image = await deleteImage(deps, viewer.id, c.req.param("id"));
    return c.json(reducedImageJson(image));
  });

  return app;
}
