/**
 * The 18 fixed venues of the utopia generator (SCENARIOS.md §2.2), verbatim from the original CSV, quirks kept:
 * the Fillmore's empty city (its street holds "Philadelphia"), the leading spaces of " Minneapolis" and " Boston",
 * Madison Square Garden's zip 20000 and Fenway Park's leading-zero zip "02215".
 */
export interface VenueRow {
  readonly name: string;
  readonly street: string;
  readonly city: string;
  readonly state: string;
  readonly zip: string;
  readonly lat: number;
  readonly lon: number;
  readonly capacity: number;
}

export const VENUE_ROWS: readonly VenueRow[] = Object.freeze([
  { name: 'U.S. Bank Stadium', street: '401 Chicago Ave', city: 'Minneapolis', state: 'MN', zip: '55415', lat: 44.973774, lon: -93.258736, capacity: 73000 },
  { name: 'First Avenue', street: '701 N 1st Ave', city: ' Minneapolis', state: 'MN', zip: '55403', lat: 44.978, lon: -93.27594, capacity: 1550 },
  { name: 'The Chicago Theatre', street: '175 N State St', city: 'Chicago', state: 'IL', zip: '60601', lat: 41.8855, lon: -87.6276, capacity: 3600 },
  { name: 'Wrigley Field', street: '1060 W Addison St', city: 'Chicago', state: 'IL', zip: '60613', lat: 41.9484, lon: -87.6553, capacity: 41649 },
  { name: 'Radio City Music Hall', street: '1260 6th Ave', city: 'New York', state: 'NY', zip: '10020', lat: 40.759979, lon: -73.980049, capacity: 6013 },
  { name: 'Madison Square Garden', street: 'Pennsylvania Plaza', city: 'New York', state: 'NY', zip: '20000', lat: 40.7505, lon: -73.9934, capacity: 19500 },
  { name: 'Carnegie Hall', street: '881 7th Ave', city: 'New York', state: 'NY', zip: '10019', lat: 40.7651, lon: -73.9799, capacity: 2800 },
  { name: 'The Fillmore', street: '9 E Allen Street Philadelphia', city: '', state: 'PA', zip: '19123', lat: 39.9656, lon: -75.1351, capacity: 2500 },
  { name: '9:30 Club', street: '815 V St NW', city: 'Washington', state: 'DC', zip: '20001', lat: 38.9179, lon: -77.0237, capacity: 1200 },
  { name: 'Ottobar', street: '2549 N Howard St', city: 'Baltimore', state: 'MD', zip: '21218', lat: 39.3189, lon: -76.6196, capacity: 400 },
  { name: 'Crypto.com Arena', street: '111 S Figueroa St', city: 'Los Angeles', state: 'CA', zip: '90015', lat: 34.043087, lon: -118.267616, capacity: 20000 },
  { name: 'Hollywood Bowl', street: '2301 N Highland Ave', city: 'Los Angeles', state: 'CA', zip: '90068', lat: 34.1122, lon: -118.3391, capacity: 17500 },
  { name: 'Red Rocks', street: '18300 W Alameda Pkwy', city: 'Morrison', state: 'CO', zip: '80465', lat: 39.6655, lon: -105.2052, capacity: 9545 },
  { name: 'The Fillmore Auditorium', street: '1510 N Clarkson St', city: 'Denver', state: 'CO', zip: '80218', lat: 39.7402, lon: -104.9772, capacity: 3900 },
  { name: 'Ryman Auditorium', street: '16 5th Ave N', city: 'Nashville', state: 'TN', zip: '37219', lat: 36.1612, lon: -86.7785, capacity: 2362 },
  { name: 'Fenway Park', street: '4 Jersey St', city: ' Boston', state: 'MA', zip: '02215', lat: 42.3467, lon: -71.0972, capacity: 37775 },
  { name: 'The Gorge Amphitheater', street: '54 Silica Rd NW', city: 'Quincy', state: 'WA', zip: '98848', lat: 47.101, lon: -119.9955, capacity: 27500 },
  { name: 'The Greek Theatre', street: '2700 N Vermont Ave', city: 'Los Angeles', state: 'CA', zip: '90027', lat: 34.1195, lon: -118.2963, capacity: 5900 },
]);
