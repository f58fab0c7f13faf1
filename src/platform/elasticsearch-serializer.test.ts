import { errors } from '@elastic/elasticsearch';
import { TrustedAnswerSerializer } from './elasticsearch';

test("answers are read with JSON.parse; a body that is not JSON is the client's DeserializationError", () => {
  const s = new TrustedAnswerSerializer();
  expect(s.deserialize('{"hits":{"total":{"value":2}}}')).toEqual({ hits: { total: { value: 2 } } });
  expect(() => s.deserialize('<html>gateway</html>')).toThrow(errors.DeserializationError);
});
