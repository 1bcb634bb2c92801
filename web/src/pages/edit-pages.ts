/** Pages that create and change things, lists, photos and the account; the heaviest chunk, loaded on first use. */
export { default as AccountPage } from "./account-page.ts";
export { default as ImagesPage } from "./images-page.ts";
export { default as ListEditorPage } from "./list-editor-page.ts";
export { default as ProfileEditPage } from "./profile-edit-page.ts";
export { default as SharePage } from "./share-page.ts";
export { default as ThingEditorPage } from "./thing-editor-page.ts";
