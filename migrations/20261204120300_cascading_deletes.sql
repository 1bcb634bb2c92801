-- Let the database remove what depends on a deleted row, so deleting a user, a thing or a
-- list is one DELETE that cannot forget a table. The original cascaded only cart_entries and
-- deleted everything else by hand; its account purge forgot the e-mail verification rows
-- and failed for most accounts.
--
-- Deleting a user removes everything the user owns or takes part in: things, lists, images,
-- shares made by or to the user, friend requests, friendships, notifications, the profile
-- and e-mail verification rows. The image files in the content-addressed store are not
-- rows: whoever deletes a user reads the hashes of the user's images first and removes the
-- files that no remaining image row uses, after the commit.
--
-- Deleting a thing removes its properties, quantity entries, list memberships, image links
-- and shares, but keeps the images themselves: they stay in the owner's gallery.
-- Deleting an image removes its links to things and clears it as an avatar.
--
-- friendships.friend_request_id keeps NO ACTION: a request that a friendship refers to must
-- not disappear on its own (when a user is deleted, both go in the same statement).
--
-- The constraint names are the ones PostgreSQL gave the original's constraints.

ALTER TABLE images
  DROP CONSTRAINT images_owner_id_fkey,
  ADD CONSTRAINT images_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE;

ALTER TABLE things
  DROP CONSTRAINT things_owner_id_fkey,
  ADD CONSTRAINT things_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE;

ALTER TABLE lists
  DROP CONSTRAINT lists_owner_id_fkey,
  ADD CONSTRAINT lists_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE;

ALTER TABLE images_things
  DROP CONSTRAINT images_things_image_id_fkey,
  DROP CONSTRAINT images_things_thing_id_fkey,
  ADD CONSTRAINT images_things_image_id_fkey FOREIGN KEY (image_id) REFERENCES images (id) ON DELETE CASCADE,
  ADD CONSTRAINT images_things_thing_id_fkey FOREIGN KEY (thing_id) REFERENCES things (id) ON DELETE CASCADE;

ALTER TABLE lists_things
  DROP CONSTRAINT lists_things_list_id_fkey,
  DROP CONSTRAINT lists_things_thing_id_fkey,
  ADD CONSTRAINT lists_things_list_id_fkey FOREIGN KEY (list_id) REFERENCES lists (id) ON DELETE CASCADE,
  ADD CONSTRAINT lists_things_thing_id_fkey FOREIGN KEY (thing_id) REFERENCES things (id) ON DELETE CASCADE;

ALTER TABLE properties
  DROP CONSTRAINT properties_thing_id_fkey,
  ADD CONSTRAINT properties_thing_id_fkey FOREIGN KEY (thing_id) REFERENCES things (id) ON DELETE CASCADE;

ALTER TABLE quantity_entries
  DROP CONSTRAINT quantity_entries_thing_id_fkey,
  ADD CONSTRAINT quantity_entries_thing_id_fkey FOREIGN KEY (thing_id) REFERENCES things (id) ON DELETE CASCADE;

ALTER TABLE shares
  DROP CONSTRAINT shares_target_user_id_fkey,
  DROP CONSTRAINT shares_owner_id_fkey,
  ADD CONSTRAINT shares_target_user_id_fkey FOREIGN KEY (target_user_id) REFERENCES users (id) ON DELETE CASCADE,
  ADD CONSTRAINT shares_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE;

ALTER TABLE friend_requests
  DROP CONSTRAINT friend_requests_sender_id_fkey,
  DROP CONSTRAINT friend_requests_receiver_id_fkey,
  ADD CONSTRAINT friend_requests_sender_id_fkey FOREIGN KEY (sender_id) REFERENCES users (id) ON DELETE CASCADE,
  ADD CONSTRAINT friend_requests_receiver_id_fkey FOREIGN KEY (receiver_id) REFERENCES users (id) ON DELETE CASCADE;

ALTER TABLE friendships
  DROP CONSTRAINT friendships_friend1_id_fkey,
  DROP CONSTRAINT friendships_friend2_id_fkey,
  ADD CONSTRAINT friendships_friend1_id_fkey FOREIGN KEY (friend1_id) REFERENCES users (id) ON DELETE CASCADE,
  ADD CONSTRAINT friendships_friend2_id_fkey FOREIGN KEY (friend2_id) REFERENCES users (id) ON DELETE CASCADE;

ALTER TABLE notifications
  DROP CONSTRAINT notifications_recipient_id_fkey,
  ADD CONSTRAINT notifications_recipient_id_fkey FOREIGN KEY (recipient_id) REFERENCES users (id) ON DELETE CASCADE;

ALTER TABLE profiles
  DROP CONSTRAINT profiles_image_id_fkey,
  DROP CONSTRAINT profiles_user_id_fkey,
  ADD CONSTRAINT profiles_image_id_fkey FOREIGN KEY (image_id) REFERENCES images (id) ON DELETE SET NULL,
  ADD CONSTRAINT profiles_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;

ALTER TABLE email_verifications
  DROP CONSTRAINT email_verifications_user_id_fkey,
  ADD CONSTRAINT email_verifications_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;

ALTER TABLE email_verification_codes
  DROP CONSTRAINT email_verification_codes_user_id_fkey,
  ADD CONSTRAINT email_verification_codes_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
