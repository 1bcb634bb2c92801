import { useEffect } from "preact/hooks";

/** Set the document title, which screen readers announce after client-side navigation. */
export function useTitle(title: string | undefined): void {
  useEffect(() => {
    if (title) document.title = `${title} · StashSphere`;
  }, [title]);
}
