import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type PeriodIndicators, periodIndicatorsSchema } from '../domain/indicators';
import { log } from '../log';
import { batchWrite } from './dynamo/batch';
import { keys } from './dynamo/keys';
import { partitionQuery } from './dynamo/query';

/** The computed indicators: one item per year and period (YEAR, Q1–Q4, M01–M12). */
export function createIndicatorRepository(dynamo: DynamoDBDocumentClient, tableName: string) {
  return {
    /** Plain puts of whole items: a re-run, or a run after a crash, writes the same result. */
    async putPeriods(periods: PeriodIndicators[]): Promise<void> {
      await batchWrite(
        dynamo,
        tableName,
        periods.map((period) => ({
          PutRequest: { Item: { ...keys.indicators(period.year, period.period), ...period } },
        })),
      );
    },

    /** The year's periods; one query of 17 small items. Invalid items are left out. */
    async getYear(year: number): Promise<PeriodIndicators[]> {
      const result = await dynamo.send(
        new QueryCommand(partitionQuery(tableName, keys.indicatorsPartition(year))),
      );
      const periods: PeriodIndicators[] = [];
      for (const item of result.Items ?? []) {
        const { pk, sk, ...rest } = item;
        const parsed = periodIndicatorsSchema.safeParse(rest);
        if (parsed.success) periods.push(parsed.data);
        else log.warn('Invalid indicator item', { pk, sk });
      }
      return periods;
    },
  };
}

export type IndicatorRepository = ReturnType<typeof createIndicatorRepository>;
export type IndicatorReader = Pick<IndicatorRepository, 'getYear'>;
