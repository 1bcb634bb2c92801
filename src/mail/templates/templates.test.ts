import { describe, expect, test } from "bun:test";
import {
  deletionScheduledMail,
  emailVerificationMail,
  formatMailTime,
  friendRequestMail,
  friendRequestReactionMail,
  listSharedMail,
  passwordResetMail,
  thingSharedMail,
  thingsAddedToListMail,
} from "./index.ts";

const site = { instanceName: "Stash & Co", frontendUrl: "https://stash.example.test" };

describe("mail templates", () => {
  test("e-mail verification states code, link and expiry", () => {
    const mail = emailVerificationMail(site, { recipientName: "O'Brien", email: "ob@example.test", code: "12345678", validMinutes: 30 });
    expect(mail.subject).toBe("[Stash & Co] Please verify your e-mail address");
    expect(mail.body).toStartWith("Hello O'Brien,\n\n");
    expect(mail.body).toContain("ob@example.test");
    expect(mail.body).toContain("\n    12345678\n");
    expect(mail.body).toContain("https://stash.example.test/user/verify-email#12345678");
    expect(mail.body).toContain("expires in 30 minutes");
  });

  test("deletion scheduled names the time in UTC and how to cancel", () => {
    const mail = deletionScheduledMail(site, { recipientName: "Alice", purgeAt: new Date("2026-02-08T09:30:59Z") });
    expect(mail.subject).toBe("[Stash & Co] Your account is scheduled for deletion");
    expect(mail.body).toContain("February 8, 2026 at 09:30 UTC");
    expect(mail.body).toContain("https://stash.example.test");
    expect(mail.body).toContain("things, lists, images and friendships");
    expect(mail.body).toContain("cancel the deletion");
  });

  test("password reset has the link, its expiry and no HTML escaping", () => {
    const mail = passwordResetMail(site, { recipientName: "O'Brien <ob>", token: "abc_DEF-123", validMinutes: 30 });
    expect(mail.subject).toBe("[Stash & Co] Reset your password");
    expect(mail.body).toStartWith("Hello O'Brien <ob>,\n\n");
    expect(mail.body).toContain("\nhttps://stash.example.test/user/reset-password#abc_DEF-123\n");
    expect(mail.body).toContain("expires in 30 minutes");
    expect(mail.body).toContain("account at Stash & Co.");
  });

  test("friend request names the sender", () => {
    const mail = friendRequestMail(site, { recipientName: "Bob", senderName: "Alice" });
    expect(mail.subject).toBe("[Stash & Co] You have a new friend request");
    expect(mail.body).toStartWith("Hello Bob,\n\n");
    expect(mail.body).toContain("Alice would like to be your friend");
    expect(mail.body).toContain("go to https://stash.example.test/friends\n");
  });

  test("friend request reaction subject says accepted", () => {
    const mail = friendRequestReactionMail(site, { recipientName: "Alice", reactingUserName: "Bob", accepted: true });
    expect(mail.subject).toBe("[Stash & Co] Bob accepted your friend request");
    expect(mail.body).toContain("Bob accepted your friend request.");
    expect(mail.body).toContain("shares with friends at https://stash.example.test/things\n");
  });

  test("friend request reaction subject says declined", () => {
    const mail = friendRequestReactionMail(site, { recipientName: "Alice", reactingUserName: "Bob", accepted: false });
    expect(mail.subject).toBe("[Stash & Co] Bob declined your friend request");
    expect(mail.body).toContain("Bob declined your friend request.");
    expect(mail.body).not.toContain("accepted");
  });

  test("thing shared names sharer and thing", () => {
    const mail = thingSharedMail(site, { recipientName: "Bob", sharerName: "Alice", thingId: "t1", thingName: "Hammer" });
    expect(mail.subject).toBe("[Stash & Co] A thing has been shared with you");
    expect(mail.body).toContain('Alice shared the thing "Hammer" with you.');
    expect(mail.body).toContain("See it at https://stash.example.test/things/t1\n");
  });

  test("thing shared without a thing name", () => {
    expect(thingSharedMail(site, { recipientName: "Bob", sharerName: "Alice", thingId: "t1" }).body).toContain("Alice shared the thing with you.");
  });

  test("list shared names sharer and list", () => {
    const mail = listSharedMail(site, { recipientName: "Bob", sharerName: "Alice", listId: "l1", listName: "Workshop" });
    expect(mail.subject).toBe("[Stash & Co] A list has been shared with you");
    expect(mail.body).toContain('Alice shared the list "Workshop" with you.');
    expect(mail.body).toContain("See it at https://stash.example.test/lists/l1\n");
  });

  test("things added to list puts the owner into the subject", () => {
    const mail = thingsAddedToListMail(site, { recipientName: "Bob", ownerName: "Alice", listId: "l1", listName: "Workshop" });
    expect(mail.subject).toBe("[Stash & Co] Alice added things to a list");
    expect(mail.body).toContain('Alice added new things to the list "Workshop"');
    expect(mail.body).toContain("See them at https://stash.example.test/lists/l1\n");
  });

  test("line breaks in names cannot reach the subject", () => {
    const mail = thingsAddedToListMail(site, { recipientName: "Bob", ownerName: "Eve\r\nBcc: victim@example.test", listId: "l1", listName: "x" });
    expect(mail.subject).toBe("[Stash & Co] Eve Bcc: victim@example.test added things to a list");
    expect(mail.subject).not.toMatch(/[\r\n]/);
    const reaction = friendRequestReactionMail({ ...site, instanceName: "a\nb" }, { recipientName: "A", reactingUserName: "B\rC", accepted: true });
    expect(reaction.subject).toBe("[a b] B C accepted your friend request");
  });

  test("names stay plain text without HTML entities", () => {
    const mail = friendRequestMail(site, { recipientName: "Tom & Jerry <3", senderName: `"Quote" O'Neil` });
    expect(mail.body).toContain("Hello Tom & Jerry <3,");
    expect(mail.body).toContain(`"Quote" O'Neil would like`);
    expect(mail.body).not.toContain("&amp;");
    expect(mail.body).not.toContain("&#39;");
  });

  test("mail time is in UTC with two-digit hours", () => {
    expect(formatMailTime(new Date("2026-12-31T23:05:00-03:00"))).toBe("January 1, 2027 at 02:05 UTC");
  });
});
