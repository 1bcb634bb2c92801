import type { ApiFeature } from "../http/openapi/operation.ts";
import { nullable, objectSchema, schemaRef, timestampSchema } from "../http/openapi/shared-schemas.ts";
import { replaceCartBody } from "./cart-routes.ts";

const cart = { description: "The whole cart, newest first.", json: schemaRef("Cart") };

/** `/api/cart`. Every call returns the whole cart. */
export const cartApi: ApiFeature = {
  tag: "Cart",
  description: "Things the caller would like to borrow.",
  operations: [
    { id: "showCart", method: "get", path: "/api/cart", summary: "Show the cart", responses: { 200: cart } },
    {
      id: "replaceCart",
      method: "put",
      path: "/api/cart",
      summary: "Replace the cart",
      description: "A missing or null `thingIds` empties the cart.",
      body: replaceCartBody,
      responses: { 200: cart },
      errors: ["not_found"],
    },
    { id: "addCartItem", method: "post", path: "/api/cart/items/:thingId", summary: "Add one thing to the cart", responses: { 200: cart }, errors: ["not_found"] },
    { id: "removeCartItem", method: "delete", path: "/api/cart/items/:thingId", summary: "Remove one thing from the cart", responses: { 200: cart } },
  ],
  schemas: {
    Cart: objectSchema({
      entries: {
        type: "array",
        items: objectSchema({
          createdAt: timestampSchema,
          thingId: { type: "string" },
          ownerId: { type: "string" },
          thing: objectSchema({
            id: { type: "string" },
            name: { type: "string" },
            owner: schemaRef("UserRef"),
            quantity: { type: "integer" },
            quantityUnit: { type: "string" },
            image: nullable(objectSchema({
              id: { type: "string" },
              hash: { type: "string" },
              thumbhash: nullable({ type: "string" }),
              width: nullable({ type: "integer" }),
              height: nullable({ type: "integer" }),
            })),
          }),
        }),
      },
    }),
  },
};
