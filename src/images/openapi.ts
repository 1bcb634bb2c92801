import * as v from "valibot";
import type { JsonSchema } from "../http/openapi/input-json-schema.ts";
import type { ApiFeature } from "../http/openapi/operation.ts";
import { objectSchema, pageOf, schemaRef } from "../http/openapi/shared-schemas.ts";
import { assetQuery } from "./asset-routes.ts";
import { galleryQuery, rotationBody } from "./image-routes.ts";

const reducedImage = schemaRef("ReducedImage");
const imageBytes: { schema: JsonSchema } = { schema: { type: "string", contentMediaType: "image/*" } };

/** `/api/images` (the caller's gallery) and `/assets/{hash}` (the image files). */
export const imagesApi: ApiFeature = {
  tag: "Images",
  description: "Photos: upload, gallery, rotation and deletion, and the image files under /assets.",
  operations: [
    {
      id: "listImages",
      method: "get",
      path: "/api/images",
      summary: "List the caller's own images",
      query: galleryQuery,
      responses: { 200: { description: "One page of the gallery.", json: pageOf("images", schemaRef("Image")) } },
    },
    {
      id: "uploadImage",
      method: "post",
      path: "/api/images",
      summary: "Upload an image",
      description: "JPEG, PNG, WebP or GIF. The stored file has its metadata (EXIF, GPS position) removed.",
      rawRequestBody: {
        required: true,
        content: {
          "multipart/form-data": {
            schema: { type: "object", properties: { file: { type: "string", contentMediaType: "application/octet-stream" } }, required: ["file"] },
          },
        },
      },
      responses: { 201: { description: "The stored image.", json: reducedImage } },
      errors: ["invalid_input", "payload_too_large", "unsupported_media_type", "insufficient_storage"],
    },
    {
      id: "rotateImage",
      method: "patch",
      path: "/api/images/:id",
      summary: "Rotate an image",
      pathParameters: { id: v.string() },
      body: rotationBody,
      responses: { 200: { description: "The rotated image; it has a new hash.", json: reducedImage } },
      errors: ["forbidden", "not_found", "unsupported_media_type"],
    },
    {
      id: "deleteImage",
      method: "delete",
      path: "/api/images/:id",
      summary: "Delete an image",
      pathParameters: { id: v.string() },
      responses: { 200: { description: "The deleted image.", json: reducedImage } },
      errors: ["forbidden", "not_found", "conflict"],
    },
    {
      id: "getAsset",
      method: "get",
      path: "/assets/:hash",
      summary: "Fetch an image file, or a copy resized to `width` pixels",
      description: "HEAD works too. Files never change under one hash, so responses may be cached for a year; `If-None-Match` gets a 304.",
      pathParameters: { hash: v.string() },
      query: assetQuery,
      responses: {
        200: { description: "The image bytes.", content: { "image/jpeg": imageBytes, "image/png": imageBytes, "image/webp": imageBytes, "image/gif": imageBytes } },
        304: "Not modified.",
      },
      errors: ["not_found"],
    },
  ],
  schemas: {
    Image: {
      allOf: [
        reducedImage,
        objectSchema({
          actions: objectSchema({ canDelete: { type: "boolean" } }),
          things: { type: "array", items: schemaRef("ReducedThing"), description: "The things that show the image." },
        }),
      ],
    },
  },
};
