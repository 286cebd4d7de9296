/** TagResource and UntagResource. */
import { checkTags, type Handler, mergeTags, requireSecret } from "./context";

export const tagResource: Handler<"TagResource"> = (input, context) => {
  const secret = requireSecret(context, input.SecretId);
  mergeTags(secret, checkTags(input.Tags));
  secret.tagged = true;
  secret.lastChangedDate = context.store.now();
  return {};
};

export const untagResource: Handler<"UntagResource"> = (input, context) => {
  const secret = requireSecret(context, input.SecretId);
  const removed = new Set(input.TagKeys);
  secret.tags = secret.tags.filter((tag) => !removed.has(tag.Key));
  secret.tagged = true;
  secret.lastChangedDate = context.store.now();
  return {};
};
