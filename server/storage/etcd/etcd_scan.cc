#include "storage/etcd/etcd_scan.h"

#include "storage/record_codec.h"

namespace lever::storage::etcd {

Status ScanRange(EtcdClient& client, const std::string& begin, const std::string& end, int64_t* revision,
                 const std::function<bool(const mvccpb::KeyValue&)>& visit, bool keys_only) {
  constexpr int64_t kPage = 500;
  std::string from = begin;
  while (true) {
    etcdserverpb::RangeRequest request;
    request.set_key(from);
    request.set_range_end(end);
    request.set_limit(kPage);
    request.set_revision(*revision);
    request.set_keys_only(keys_only);
    auto response = client.Range(request);
    if (!response.ok()) return response.status();
    if (*revision == 0) *revision = response->header().revision();
    for (const mvccpb::KeyValue& kv : response->kvs()) {
      if (!visit(kv)) return Status::Ok();
    }
    if (!response->more() || response->kvs().empty()) return Status::Ok();
    from = response->kvs().rbegin()->key() + std::string(1, '\0');
  }
}

Status LoadSnapshot(EtcdClient& client, const EtcdKeys& keys, EtcdSnapshot* out) {
  EtcdSnapshot snap;
  // Read the counter first: its read revision pins every later page.
  etcdserverpb::RangeRequest counter;
  counter.set_key(keys.Revision());
  auto r = client.Range(counter);
  if (!r.ok()) return r.status();
  snap.etcd_revision = r->header().revision();
  if (r->kvs_size() > 0) {
    auto rev = EtcdKeys::ParseCounter(r->kvs(0).value());
    if (!rev) return Status::Internal("corrupt revision counter in etcd at " + keys.Revision());
    snap.lever_revision = *rev;
  }
  LEVER_RETURN_IF_ERROR(ScanDecoded(client, keys.ItemPrefix(), PrefixEnd(keys.ItemPrefix()), &snap.etcd_revision,
                                    DecodeConfigItem, &snap.items));
  LEVER_RETURN_IF_ERROR(ScanDecoded(client, keys.NamespacePrefix(), PrefixEnd(keys.NamespacePrefix()),
                                    &snap.etcd_revision, DecodeNamespace, &snap.namespaces));
  *out = std::move(snap);
  return Status::Ok();
}

}  // namespace lever::storage::etcd
