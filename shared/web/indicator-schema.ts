/**
 * JSON Schema of `GET /api/indicators` and the JSON export (domain/indicators.ts,
 * publicIndicators): the `schéma` of the indicators' distribution in the open-data catalogue.
 * test/integration/open-data.test.ts validates real responses against it.
 */
const count = { type: 'integer', minimum: 0 };
const ratio = { type: ['number', 'null'], minimum: 0 };
const share = { type: 'number', minimum: 0, maximum: 1 };
const breakdown = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    required: ['eventsHeld', 'participants'],
    properties: { eventsHeld: count, participants: count },
  },
};
const coreProperties = {
  eventsHeld: { ...count, description: 'Uskutečněné akce celkem' },
  modernTechEventsHeld: {
    ...count,
    description: 'Počet uskutečněných vzdělávacích akcí se zaměřením na moderní technologie',
  },
  organisationsInvolved: {
    ...count,
    description: 'Počet subjektů zapojených do vzdělávání v oblasti digitalizace',
  },
  participants: { ...count, description: 'Účasti na akcích' },
  distinctPersons: { ...count, description: 'Proškolené osoby, každá jednou' },
  registrations: count,
  waitlisted: count,
  surveyResponses: count,
  responseRate: ratio,
  averageSatisfaction: ratio,
  averageUsefulness: ratio,
  recommendShare: ratio,
};
const coverageShare = {
  reached: { ...count, description: 'Obce, odkud se někdo zúčastnil (podle IČO)' },
  municipalities: { ...count, description: 'Obce kraje celkem' },
  share: { ...share, description: 'Podíl obcí kraje' },
  populationReached: count,
  population: count,
  populationShare: { ...share, description: 'Podíl obyvatel kraje v zasažených obcích' },
};
const coverage = {
  type: 'object',
  required: [...Object.keys(coverageShare), 'byDistrict'],
  properties: {
    ...coverageShare,
    byDistrict: {
      type: 'array',
      items: {
        type: 'object',
        required: ['district', ...Object.keys(coverageShare)],
        properties: { district: { type: 'string' }, ...coverageShare },
      },
    },
  },
};

export const indicatorsJsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Ukazatele vzdělávání v digitálních dovednostech za rok',
  type: 'object',
  required: [
    'year',
    'generatedAt',
    ...Object.keys(coreProperties),
    'participantsByRole',
    'byFormat',
    'byTargetGroup',
    'byTopic',
    'coverage',
    'quarters',
    'months',
  ],
  properties: {
    year: { type: 'integer' },
    generatedAt: { type: ['string', 'null'], format: 'date-time' },
    ...coreProperties,
    participantsByRole: { type: 'object', additionalProperties: count },
    byFormat: breakdown,
    byTargetGroup: breakdown,
    byTopic: breakdown,
    coverage,
    quarters: {
      type: 'array',
      items: {
        type: 'object',
        required: ['quarter', ...Object.keys(coreProperties), 'coverage'],
        properties: {
          quarter: { type: 'integer', minimum: 1, maximum: 4 },
          ...coreProperties,
          coverage,
        },
      },
    },
    months: {
      type: 'array',
      items: {
        type: 'object',
        required: ['month', ...Object.keys(coreProperties)],
        properties: { month: { type: 'integer', minimum: 1, maximum: 12 }, ...coreProperties },
      },
    },
  },
} as const;
