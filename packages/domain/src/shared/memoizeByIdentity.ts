// An answer kept per object: the same object (by identity) gets the same answer, computed once.

/**
 * `compute` remembered per argument object, in a WeakMap: asking again with the same object answers
 * what it answered the first time, and the answer is forgotten with the object. For values a
 * cache hands out again unchanged (a cached page), so what is derived from them is derived once.
 */
export function memoizeByIdentity<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const answers = new WeakMap<K, V>();
  return (key) => {
    if (answers.has(key)) return answers.get(key) as V;
    const answer = compute(key);
    answers.set(key, answer);
    return answer;
  };
}
