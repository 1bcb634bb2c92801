import { ApiError, errorFromResponse, networkError } from "./api-error.ts";
import type { ImageRef } from "./types.ts";

export interface UploadHandle {
  promise: Promise<ImageRef>;
  abort(): void;
}

/**
 * Upload one photo to `POST /api/images`. XMLHttpRequest is used instead of fetch because only
 * it reports upload progress; `onProgress` receives a fraction from 0 to 1.
 */
export function uploadImage(apiHost: string, file: File, onProgress: (fraction: number) => void, beforeRequest?: () => Promise<void>): UploadHandle {
  const request = new XMLHttpRequest();
  let aborted = false;
  const promise = (async () => {
    await beforeRequest?.();
    if (aborted) throw new DOMException("The upload was cancelled.", "AbortError");
    return new Promise<ImageRef>((resolve, reject) => {
      request.open("POST", `${apiHost}/api/images`);
      request.withCredentials = true;
      request.setRequestHeader("Accept", "application/json");
      request.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      };
      request.onload = () => {
        if (request.status >= 200 && request.status < 300) {
          try {
            onProgress(1);
            resolve(JSON.parse(request.responseText) as ImageRef);
          } catch {
            reject(new ApiError(request.status, "invalid_response", "The server response could not be read."));
          }
        } else {
          reject(errorFromResponse(request.status, request.responseText));
        }
      };
      request.onerror = () => reject(networkError());
      request.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
      const form = new FormData();
      form.append("file", file, file.name);
      request.send(form);
    });
  })();
  return {
    promise,
    abort() {
      aborted = true;
      request.abort();
    },
  };
}
