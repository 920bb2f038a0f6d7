/**
 * Invented names for the demo data (DEMO.md: never a real name). Generic lists of names common in
 * England, combined at random, so no row describes a real child, carer or member of staff.
 * Phone numbers come from Ofcom's ranges kept for drama; email addresses use example.org/.com.
 */
import type { Rng } from './random.js'

// prettier-ignore
export const CHILD_GIVEN_NAMES: ReadonlyArray<string> = [
  // girls
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Ivy', 'Lily', 'Freya', 'Florence', 'Grace',
  'Poppy', 'Evie', 'Sophia', 'Ella', 'Willow', 'Rosie', 'Harper', 'Isabella', 'Daisy', 'Phoebe',
  'Ruby', 'Emily', 'Chloe', 'Jessica', 'Lucy', 'Maisie', 'Erin', 'Niamh', 'Aoife', 'Sienna',
  'Esme', 'Matilda', 'Layla', 'Maryam', 'Aisha', 'Zara', 'Amira', 'Hafsa', 'Inaya', 'Anaya',
  'Priya', 'Simran', 'Riya', 'Maya', 'Amara', 'Zainab', 'Fatima', 'Nia', 'Adaeze', 'Chiamaka',
  'Kemi', 'Tiana', 'Zuzanna', 'Maja', 'Lena', 'Hanna', 'Yasmin', 'Mei', 'Jasmine', 'Bethan',
  // boys
  'Oliver', 'George', 'Noah', 'Arthur', 'Leo', 'Harry', 'Oscar', 'Archie', 'Henry', 'Theo',
  'Freddie', 'Jack', 'Alfie', 'Thomas', 'Jacob', 'William', 'Joshua', 'Finley', 'Reuben', 'Harrison',
  'Dylan', 'Ethan', 'Lewis', 'Callum', 'Kai', 'Tyler', 'Jayden', 'Riley', 'Mason', 'Logan',
  'Muhammad', 'Yusuf', 'Ibrahim', 'Ayaan', 'Zayn', 'Rayan', 'Arjun', 'Rohan', 'Aarav', 'Kabir',
  'Hamza', 'Omar', 'Bilal', 'Tobi', 'Chidi', 'Kwame', 'Kofi', 'Emeka', 'Malachi', 'Isaiah',
  'Elijah', 'Jakub', 'Filip', 'Kacper', 'Oskar', 'Luca', 'Mateo', 'Hugo', 'Ronan', 'Rhys',
  'Samuel', 'Benjamin', 'Alexander',
  // either
  'Charlie', 'Frankie', 'Jordan', 'Rowan', 'Eden', 'Jamie', 'Morgan', 'Robin',
]

// prettier-ignore
export const FAMILY_NAMES: ReadonlyArray<string> = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson',
  'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Thomas', 'Clarke',
  'Jackson', 'Wood', 'Harris', 'Edwards', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Hughes',
  'Moore', 'King', 'Harrison', 'Lewis', 'Baker', 'Lee', 'Allen', 'Morris', 'Khan', 'Ahmed',
  'Ali', 'Hussain', 'Begum', 'Shah', 'Akhtar', 'Rahman', 'Islam', 'Singh', 'Kaur', 'Sharma',
  'Gill', 'Sandhu', 'Mistry', 'Chauhan', 'Okafor', 'Adeyemi', 'Okoye', 'Mensah', 'Owusu', 'Boateng',
  'Asante', 'Adebayo', 'Nwosu', 'Ogunleye', 'Campbell', 'Grant', 'Francis', 'Brooks', 'Reid', 'Bailey',
  'Murray', 'Nowak', 'Kowalczyk', 'Lewandowski', 'Popescu', 'Ionescu', 'Petrov', 'Horvat', 'O’Brien', 'O’Connor',
  'Murphy', 'Kelly', 'Byrne', 'Doyle', 'McCarthy', 'Gallagher', 'Chen', 'Wang', 'Li', 'Nguyen',
  'Tran', 'Wong', 'Yilmaz', 'Demir', 'Kaya', 'Hassan', 'Abdi', 'Mohamed', 'Osman', 'Farah',
  'Rossi', 'Russo', 'Silva', 'Santos', 'Costa', 'Fernandes', 'Pereira', 'Garcia', 'Kim', 'Price',
  'Morgan', 'Griffiths', 'Jenkins', 'Fletcher', 'Barnes', 'Fisher', 'Holmes', 'Knight', 'Lloyd', 'Palmer',
  'Pearson', 'Shaw', 'Webb', 'Fraser', 'Hunter',
]

// prettier-ignore
export const ADULT_GIVEN_NAMES: ReadonlyArray<string> = [
  'Sarah', 'Rachel', 'Claire', 'Helen', 'Emma', 'Katherine', 'Joanne', 'Nicola', 'Louise', 'Anita',
  'Sunita', 'Farah', 'Nadia', 'Grace', 'Funmi', 'Abena', 'Marta', 'Agnieszka', 'Siobhan', 'Bronwen',
  'Hannah', 'Gemma', 'Laura', 'Shabnam', 'Ngozi', 'Yvonne', 'Paula', 'Deborah', 'Lin', 'Carmen',
  'Mark', 'David', 'Paul', 'Richard', 'Andrew', 'Stephen', 'Gareth', 'Imran', 'Rajesh', 'Tunde',
  'Kwabena', 'Daniel', 'Tom', 'Michael', 'Neil', 'Simon', 'Chris', 'Jo', 'Sam', 'Alex',
  'Wayne', 'Darren', 'Nathan', 'Adil', 'Sanjay', 'Piotr', 'Marcus', 'Declan', 'Ian', 'Jun',
]

/** Short forms some children go by (used as the preferred name). */
const PREFERRED: Readonly<Record<string, string>> = {
  Alexander: 'Alex',
  Benjamin: 'Ben',
  Isabella: 'Izzy',
  Jessica: 'Jess',
  Joshua: 'Josh',
  Matilda: 'Tilly',
  Samuel: 'Sam',
  Thomas: 'Tom',
  William: 'Will',
  Frankie: 'Frank',
}

export type PersonName = { givenName: string; familyName: string }

export function familyName(rng: Rng): string {
  // About one in thirty has a double-barrelled name.
  if (rng.chance(1 / 30)) {
    const [a, b] = rng.sample(FAMILY_NAMES, 2)
    return `${a}-${b}`
  }
  return rng.pick(FAMILY_NAMES)
}

export function childName(rng: Rng): PersonName & { preferredName: string | null } {
  const givenName = rng.pick(CHILD_GIVEN_NAMES)
  const short = PREFERRED[givenName]
  return { givenName, familyName: familyName(rng), preferredName: short && rng.chance(0.4) ? short : null }
}

export function adultName(rng: Rng): PersonName {
  return { givenName: rng.pick(ADULT_GIVEN_NAMES), familyName: familyName(rng) }
}

export function fullName(n: PersonName): string {
  return `${n.givenName} ${n.familyName}`
}

/** Foster carers and adopters are often a couple: "Sarah and Mark Okafor". */
export function carerName(rng: Rng): string {
  const first = adultName(rng)
  if (!rng.chance(0.6)) return fullName(first)
  const partner = rng.pick(ADULT_GIVEN_NAMES.filter((g) => g !== first.givenName))
  return `${first.givenName} and ${partner} ${first.familyName}`
}

/** Initials for task titles that must not show a child's name in full: "A.B." */
export function initials(n: PersonName): string {
  return `${n.givenName.charAt(0)}.${n.familyName.charAt(0)}.`
}

function emailPart(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase()
}

/** An address at one of the domains reserved for examples (RFC 2606). */
export function exampleEmail(n: PersonName, domain: 'example.org' | 'example.com'): string {
  return `${emailPart(n.givenName)}.${emailPart(n.familyName)}@${domain}`
}

/** Ofcom's drama numbers: 01632 960000-960999 (landline) and 07700 900000-900999 (mobile). */
export function dramaPhone(rng: Rng, kind: 'landline' | 'mobile'): string {
  const tail = String(rng.int(0, 999)).padStart(3, '0')
  return kind === 'landline' ? `01632 960${tail}` : `07700 900${tail}`
}
