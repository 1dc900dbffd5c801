/**
 * Generated inputs per property (fast-check numRuns), across the hostile-input suites. Each
 * suite counts the runs it executed and checks them against its share, so the total below is
 * what a green `npm test` has actually sent to the endpoints.
 */
export const runBudget = {
  // registrations.test.ts
  registrationJsonValid: 60,
  registrationJsonInvalid: 2_000,
  registrationJsonArbitrary: 1_000,
  registrationFormValid: 40,
  registrationFormInvalid: 300,
  registrationFormArbitrary: 250,
  contentTypes: 1_500,
  oversizedBodies: 150,
  // surface.test.ts
  routes: 1_800,
  surveyAnswers: 400,
  eventTexts: 50,
  indicatorYears: 300,
  // signed-links.test.ts
  signedLinkTokens: 900,
  // admin-auth.test.ts
  adminCredentials: 1_300,
} as const;

export const totalGeneratedInputs = Object.values(runBudget).reduce((sum, n) => sum + n, 0);
