import { useState } from "preact/hooks";
import type { ImageRef, Profile } from "../api/types.ts";
import { useApp } from "../app-context.ts";
import { FormFooter, InputField } from "../components/field.ts";
import { Icon } from "../components/icon.ts";
import { ImagePicker } from "../components/image-picker.ts";
import { Loading } from "../components/status.ts";
import { ThumbImage } from "../components/thumb-image.ts";
import { Uploader } from "../components/uploader.ts";
import { UserTabs } from "../components/user-tabs.ts";
import { useAction } from "../hooks/use-action.ts";
import { useTitle } from "../hooks/use-title.ts";
import { html } from "../html.ts";
import { useStore } from "../store/create-store.ts";

function ProfileForm({ profile }: { profile: Profile }) {
  const { api, session, router } = useApp();
  const [form, setForm] = useState({ name: profile.name, fullName: profile.fullName ?? "", information: profile.information ?? "" });
  const [image, setImage] = useState<ImageRef | null>(profile.image);
  const [pickerOpen, setPickerOpen] = useState(false);
  const set = (key: keyof typeof form) => (value: string) => setForm((current) => ({ ...current, [key]: value }));
  const save = useAction(async () => {
    const updated = await api.patch<Profile>("/api/user/profile", { name: form.name.trim(), fullName: form.fullName, information: form.information, imageId: image?.id ?? null });
    session.setProfile({ ...profile, ...updated, emailVerified: profile.emailVerified, hasPassword: profile.hasPassword });
    router.navigate("/user/profile");
  });
  return html`<form class="panel" noValidate onSubmit=${(event: Event) => {
    event.preventDefault();
    void save.run();
  }}>
    <fieldset>
      <legend>Picture</legend>
      <div class="profile-head">
        <span class="profile-avatar">${image ? html`<${ThumbImage} image=${image} sizes="128px" displayWidth=${128} alt="Your picture" />` : html`<${Icon} name="user" size=${56} />`}</span>
        <div class="button-row">
          <button type="button" class="button" onClick=${() => setPickerOpen(true)}><${Icon} name="image" />Choose from your photos</button>
          ${image ? html`<button type="button" class="button" onClick=${() => setImage(null)}><${Icon} name="trash" />Remove picture</button>` : null}
        </div>
      </div>
      <div style=${{ marginTop: "12px" }}><${Uploader} multiple=${false} label="Upload a picture" onUploaded=${setImage} /></div>
      ${save.fieldErrors.imageId ? html`<p class="field-error" role="alert">${save.fieldErrors.imageId}</p>` : null}
    </fieldset>
    <${InputField} label="Name" name="name" value=${form.name} onValue=${set("name")} required hint="Shown next to your things." error=${save.fieldErrors.name} />
    <${InputField} label="Full name" name="fullName" value=${form.fullName} onValue=${set("fullName")} autocomplete="name" error=${save.fieldErrors.fullName} />
    <${InputField} label="About you" name="information" multiline value=${form.information} onValue=${set("information")} error=${save.fieldErrors.information} />
    <${FormFooter} pending=${save.pending} label="Save profile" pendingLabel="Saving…" error=${save.error} testid="profile-save"><a class="button" href="/user/profile">Cancel</a><//>
    <${ImagePicker} open=${pickerOpen} multiple=${false} onClose=${() => setPickerOpen(false)} onPick=${(picked: ImageRef[]) => picked[0] && setImage(picked[0])} exclude=${image ? [image.id] : []} />
  </form>`;
}

export default function ProfileEditPage() {
  const { session } = useApp();
  useTitle("Edit your profile");
  const profile = useStore(session.store, (state) => state.profile);
  return html`<section class="page medium">
    <h1>Edit your profile</h1>
    <${UserTabs} />
    ${profile ? html`<${ProfileForm} profile=${profile} />` : html`<${Loading} />`}
  </section>`;
}
