// The knowledge base of the quickstart's assistant: a tiny rail-travel guide, kept in memory.

export interface GuideDocument {
  id: string;
  title: string;
  text: string;
}

export const TRAVEL_GUIDE: readonly GuideDocument[] = [
  {
    id: 'bikes-high-speed',
    title: 'Bikes on high-speed trains',
    text: 'On TGV high-speed trains a full-size bike needs a €10 bike reservation, booked with your ticket; each train has four bike spaces. Folded bikes travel free as luggage.',
  },
  {
    id: 'bikes-regional',
    title: 'Bikes on regional trains',
    text: 'Bikes ride free on regional TER trains, except on weekdays from 7 to 9 am and from 5 to 7 pm. Folded bikes are allowed at any time.',
  },
  {
    id: 'refunds',
    title: 'Refunds and exchanges',
    text: 'Flexible fares are refundable until departure. Standard fares cost €15 to exchange and cannot be refunded within three days of departure.',
  },
  {
    id: 'luggage',
    title: 'Luggage allowance',
    text: 'Each passenger may bring two large bags and one piece of hand luggage. Label every bag with your name.',
  },
  {
    id: 'pets',
    title: 'Travelling with pets',
    text: 'Small pets under 6 kg travel in a carrier for €7. Larger dogs need a half-price ticket, a lead and a muzzle.',
  },
  {
    id: 'delays',
    title: 'Delay compensation',
    text: 'A delay of more than 30 minutes earns a voucher worth 25% of the fare; more than two hours, 50%.',
  },
];
