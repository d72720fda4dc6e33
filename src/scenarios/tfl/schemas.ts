import { z } from 'zod';

/**
 * zod schemas of the tfl input topics (SCENARIOS.md §3.1). `stations` and `users` are JDBC-source tables keyed by
 * `name`; `entries` and `exits` are the barrier streams keyed by station name, with the JSON value the original
 * Python producer wrote. Object schemas are not strict: like a JSON topic, extra fields pass through untouched.
 */

export const TOPIC_STATIONS = 'stations';
export const TOPIC_USERS = 'users';
export const TOPIC_ENTRIES = 'entries';
export const TOPIC_EXITS = 'exits';

/** `YYYY-MM-DDTHH:MM:SSZ`: the tick time in whole seconds, as the original producer formatted it. */
export const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

const epochMs = z.number().int();

/**
 * A row of the MariaDB `stations` table as the JDBC source emits it. `lat`, `lon` and `location` are strings
 * because the original table declares them VARCHAR(255) (numeric.mapping best_fit leaves strings alone).
 */
export const StationSchema = z.object({
  id: z.string(),
  name: z.string(),
  FareZones: z.string(),
  HubNaptanCode: z.string().nullable(),
  Wifi: z.boolean().nullable(),
  OutsideStationUniqueId: z.string().nullable(),
  BlueBadgeCarParking: z.boolean().nullable(),
  BlueBadgeCarParkSpaces: z.number().int().nullable(),
  TaxiRanksOutsideStation: z.boolean().nullable(),
  MainBusInterchange: z.string().nullable(),
  PierInterchange: z.string().nullable(),
  NationalRailInterchange: z.string().nullable(),
  AirportInterchange: z.string().nullable(),
  EmiratesAirLineInterchange: z.string().nullable(),
  lat: z.string(),
  lon: z.string(),
  /** `lat + "," + lon`. */
  location: z.string(),
  created_date: epochMs,
  modified_date: epochMs,
});
export type Station = z.infer<typeof StationSchema>;

export const UserSchema = z.object({
  name: z.string(),
  email_address: z.string(),
  created_date: epochMs,
  modified_date: epochMs,
});
export type User = z.infer<typeof UserSchema>;

/** A barrier event: `delta` is +1 on `entries` and −1 on `exits`. */
function barrierSchema<D extends 1 | -1>(delta: D) {
  return z.object({
    user: z.string(),
    station: z.string(),
    delta: z.literal(delta),
    '@timestamp': z.string().regex(ISO_SECONDS),
  });
}

export const EntrySchema = barrierSchema(1);
export const ExitSchema = barrierSchema(-1);
export type Entry = z.infer<typeof EntrySchema>;
export type Exit = z.infer<typeof ExitSchema>;
export type BarrierEvent = Entry | Exit;

export type TflTopic = typeof TOPIC_STATIONS | typeof TOPIC_USERS | typeof TOPIC_ENTRIES | typeof TOPIC_EXITS;
