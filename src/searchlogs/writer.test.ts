import { splitBulkAnswer } from './writer';

// Elasticsearch's documented bulk answer when its write queue is full: HTTP 200, errors: true, status 429 per item.
test('splitBulkAnswer: 429 items are "for now", other item errors are for good, the rest indexed', () => {
  const answer = {
    took: 1,
    errors: true,
    items: [
      { create: { _index: 'i', _id: 'a', status: 201 } },
      {
        create: { _index: 'i', status: 429, error: { type: 'es_rejected_execution_exception', reason: 'queue full' } },
      },
      { create: { _index: 'i', status: 400, error: { type: 'document_parsing_exception', reason: 'bad field' } } },
    ],
  };
  expect(splitBulkAnswer(['ok', 'busy', 'bad'], answer)).toEqual({
    overloaded: ['busy'],
    refused: [{ item: 'bad', error: answer.items[2].create.error }],
  });
  expect(
    splitBulkAnswer(['ok'], { took: 1, errors: false, items: [{ create: { _index: 'i', _id: 'a', status: 201 } }] }),
  ).toEqual({ overloaded: [], refused: [] });
});
