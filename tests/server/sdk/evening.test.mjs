// One evening booked through the official Wix SDK against Maitre D's online server.
// Run by tests/server/test_official_sdk.py, which starts the server and sets:
//   MAITRED_HOST (127.0.0.1:PORT), MAITRED_BASIC_KEY, MAITRED_FULL_KEY, MAITRED_LOCATION_ID,
//   MAITRED_EVENING (an ISO instant inside opening hours), and NODE_EXTRA_CA_CERTS (the server's cert).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createClient, ApiKeyStrategy } from "@wix/sdk";
import { reservations, timeSlots, reservationLocations } from "@wix/table-reservations";

const env = process.env;
const host = { apiBaseUrl: env.MAITRED_HOST };
const modules = { reservations, timeSlots, reservationLocations };
const website = createClient({ modules, host, auth: ApiKeyStrategy({ apiKey: env.MAITRED_BASIC_KEY, siteId: "maitred-test" }) });
const stand = createClient({ modules, host, auth: ApiKeyStrategy({ apiKey: env.MAITRED_FULL_KEY, siteId: "maitred-test" }) });
const locationId = env.MAITRED_LOCATION_ID;
const evening = new Date(env.MAITRED_EVENING);
const guest = { firstName: "Ada", lastName: "Lovelace", phone: "+442079460018" };

test("an evening through the SDK", async (t) => {
  let held, reserved;

  await t.test("the restaurant", async () => {
    const location = await website.reservationLocations.getReservationLocation(locationId);
    assert.equal(location._id, locationId);
    assert.equal(location.location.name, "Trattoria");
    const { reservationLocations: all } = await website.reservationLocations.listReservationLocations();
    assert.deepEqual(all.map((l) => l._id), [locationId]);
  });

  await t.test("time slots", async () => {
    const { timeSlots: slots } = await website.timeSlots.getTimeSlots(locationId, evening, 2, { slotsBefore: 2, slotsAfter: 2 });
    assert.equal(slots.length, 5);
    assert.ok(slots[2].startDate instanceof Date);
    assert.equal(slots[2].startDate.getTime(), evening.getTime());
    assert.equal(slots[2].status, "AVAILABLE");
  });

  await t.test("hold", async () => {
    ({ reservation: held } = await website.reservations.createHeldReservation({
      reservationLocationId: locationId, startDate: evening, partySize: 2 }));
    assert.equal(held.status, "HELD");
    assert.ok(held._id);
    assert.ok(held.details.startDate instanceof Date);
  });

  await t.test("reserve", async () => {
    ({ reservation: reserved } = await website.reservations.reserveReservation(held._id, guest, held.revision));
    assert.equal(reserved.status, "RESERVED");
    assert.equal(reserved.revision, "2");
  });

  await t.test("get, public and full", async () => {
    const publicView = await website.reservations.getReservation(held._id);
    assert.equal(publicView._id, held._id);
    assert.equal(publicView.reservee, undefined);
    const full = await stand.reservations.getReservation(held._id, { fieldsets: ["FULL"] });
    assert.equal(full.reservee.phone, guest.phone);
    assert.equal(full.source, "ONLINE");
  });

  await t.test("update", async () => {
    const updated = await stand.reservations.updateReservation(held._id, {
      revision: reserved.revision, details: { partySize: 3 }, teamMessage: "birthday" });
    assert.equal(updated.details.partySize, 3);
    assert.equal(updated.teamMessage, "birthday");
    reserved = updated;
  });

  await t.test("the website is refused what only staff may do", async () => {
    await assert.rejects(
      website.reservations.updateReservation(held._id, { revision: reserved.revision, status: "SEATED" }),
      (error) => { assert.equal(error.details?.applicationError?.code, "PERMISSION_DENIED"); return true; });
  });

  await t.test("list and query", async () => {
    const { reservations: listed, pagingMetadata } = await stand.reservations.listReservations({
      startDateFrom: new Date(evening.getTime() - 3600e3), status: "RESERVED", paging: { limit: 10 },
      sort: { fieldName: "details.startDate", order: "ASC" } });
    assert.deepEqual(listed.map((r) => r._id), [held._id]);
    assert.equal(pagingMetadata.hasNext, false);
    const result = await stand.reservations.queryReservations().eq("status", "RESERVED").limit(5).find();
    assert.deepEqual(result.items.map((r) => r._id), [held._id]);
  });

  await t.test("check a time slot", async () => {
    const check = await stand.timeSlots.checkTimeSlot(locationId, { date: evening, duration: 90, partySize: 2 });
    const conflicts = (check.tableCombinationAvailabilities ?? check.timeSlotAvailability?.standardOptions?.tableCombinationAvailabilities);
    assert.ok(conflicts.some((a) => a.tableCombinationConflicts.includes("RESERVED")));
  });

  await t.test("cancel", async () => {
    const { reservation: canceled } = await website.reservations.cancelReservation(held._id, reserved.revision, { phone: guest.phone });
    assert.equal(canceled.status, "CANCELED");
  });

  await t.test("an abandoned hold is deleted", async () => {
    const { reservation: another } = await website.reservations.createHeldReservation({
      reservationLocationId: locationId, startDate: evening, partySize: 4 });
    await website.reservations.deleteReservation(another._id);
    await assert.rejects(website.reservations.getReservation(another._id),
      (error) => { assert.equal(error.details?.applicationError?.code, "RESERVATION_NOT_FOUND"); return true; });
  });

  await t.test("a manager updates the restaurant", async () => {
    const location = await stand.reservationLocations.getReservationLocation(locationId);
    const updated = await stand.reservationLocations.updateReservationLocation(locationId, {
      revision: location.revision, configuration: { onlineReservations: { timeSlotInterval: 30 } } });
    assert.equal(updated.configuration.onlineReservations.timeSlotInterval, 30);
  });
});
