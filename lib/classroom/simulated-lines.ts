/** What simulated students are called and say. Plain data, so the demo reads like a class. */

export const STUDENT_NAMES = [
  'Amara Okafor',
  'Ben Carter',
  'Chloé Martin',
  'Dev Patel',
  'Elena Rossi',
  'Finn Murphy',
  'Grace Kim',
  'Hugo Silva',
  'Isla Novak',
  'Jonas Weber',
  'Keiko Tanaka',
  'Liam Walsh',
  'Maya Cohen',
  'Noah Brooks',
  'Olivia Chen',
  'Priya Nair',
  'Quinn Hayes',
  'Rosa Díaz',
  'Sami Haddad',
  'Tara Singh',
  'Umar Farouk',
  'Vera Ivanova',
  'Wen Li',
  'Ximena Ruiz',
  'Yusuf Demir',
  'Zoe Adams',
] as const;

export const GREETINGS = [
  'Hi everyone!',
  'Hello!',
  'Good morning!',
  'Hey, made it.',
  'Hi, can you all hear me? Oh wait, this is chat.',
] as const;

export const CHATTER = [
  'Could you repeat that last part?',
  'Is this going to be on the test?',
  'That makes sense now, thanks.',
  'Which page are we on?',
  'I got a different answer for question 3.',
  'Can we go over the example again?',
  'Oh, that is a neat trick.',
  'Is the homework due on Friday?',
  'I think the units cancel out there.',
  'Could you share the slides afterwards?',
  'Wait, why is it squared?',
  'Agreed with the last point.',
] as const;

export function pick<T>(list: readonly T[], random: () => number = Math.random): T {
  return list[Math.floor(random() * list.length)]!;
}
