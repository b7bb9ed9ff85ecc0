#pragma once
// What several rules derive from the same document, computed once per document on first use and
// shared by the rules of one lint run over it. Today: the per-statement pass of D004 and D006,
// which both compare each action a statement grants with its Resource values, how each Action
// and NotAction value resolves, which D001, D002 and D003 each read, and the fields of each ARN
// value, which A002, A003, A005, A006 and W003 read.
//
// lint_document (src/core/lint.cpp) makes one DocumentFacts per document and installs it for the
// duration of its rule loop (DocumentFacts::Scope); a rule reaches it with with_facts(). It is not
// a member of LintInput only because that struct is in a header every rule includes.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <utility>
#include <vector>

#include "arn_helpers.hpp"
#include "resource_type_helpers.hpp"

namespace iamsmith {

// One statement as D004 and D006 judge it: its Resource values as patterns, the actions its
// Action element grants, and which of those actions can act on a resource the Resource names.
class StatementFit {
 public:
  StatementFit(const iamdata::Catalog& catalog, const Statement& st) {
    auto resources = rules::resource_types::statement_resources(st);
    if (!resources) return;
    auto actions = rules::d::statement_actions(catalog, st);
    if (!actions || actions->empty()) return;
    judged_ = true;
    resources_ = std::move(*resources);
    actions_ = std::move(*actions);
    any_wildcard_only_ = std::any_of(actions_.begin(), actions_.end(),
                                     [](const iamdata::Action* a) { return a->wildcard_only(); });
    fits_.assign(actions_.size(), kUnknown);
  }

  // False when the statement cannot be judged: NotResource, a Resource that is not an ARN, no
  // Action element, or an Action value that does not resolve to a list of actions (see
  // resource_types::statement_resources and d::statement_actions).
  [[nodiscard]] bool judged() const { return judged_; }
  // Every action the statement grants, each once, sorted (judged statements only).
  [[nodiscard]] const std::vector<const iamdata::Action*>& actions() const { return actions_; }
  // Whether one of them has no resource-level permissions (what it accepts is not known).
  [[nodiscard]] bool any_wildcard_only() const { return any_wildcard_only_; }

  // Whether some Resource value can name a resource of a type `action` (one of actions()) acts
  // on: resource_types::fits_some, remembered per action and per resource type.
  [[nodiscard]] bool fits(const iamdata::Action* action) {
    const auto it = std::lower_bound(actions_.begin(), actions_.end(), action);
    if (it == actions_.end() || *it != action)
      throw std::logic_error("StatementFit::fits: not an action of the statement");
    signed char& known = fits_[static_cast<std::size_t>(it - actions_.begin())];
    if (known == kUnknown) known = fits_uncached(*action) ? 1 : 0;
    return known == 1;
  }
  // Whether any of the statement's actions fits.
  [[nodiscard]] bool some_fits() {
    if (!some_fits_) {
      some_fits_ =
          std::any_of(actions_.begin(), actions_.end(), [&](const iamdata::Action* a) { return fits(a); });
    }
    return *some_fits_;
  }

 private:
  static constexpr signed char kUnknown = -1;

  [[nodiscard]] bool fits_uncached(const iamdata::Action& action) {
    return std::any_of(
        action.resources.begin(), action.resources.end(),
        [&](const iamdata::ActionResource& r) { return r.type != nullptr && type_fits(*r.type); });
  }
  // Many actions of a statement share a resource type: each type is compared with the Resource
  // values once.
  [[nodiscard]] bool type_fits(const iamdata::ResourceType& type) {
    const auto found = type_fits_.find(&type);
    if (found != type_fits_.end()) return found->second;
    const bool fits = std::any_of(
        resources_.begin(), resources_.end(),
        [&](const std::vector<rules::d::Token>& t) { return rules::d::resource_fits_type(t, type); });
    type_fits_.emplace(&type, fits);
    return fits;
  }

  bool judged_ = false;
  bool any_wildcard_only_ = false;
  std::optional<bool> some_fits_;
  std::vector<std::vector<rules::d::Token>> resources_;
  std::vector<const iamdata::Action*> actions_;
  std::vector<signed char> fits_;  // per action: kUnknown, 0 or 1
  std::unordered_map<const iamdata::ResourceType*, bool> type_fits_;
};

// One string of an Action or NotAction element, as D001-D003 classify it.
struct ActionValueFact {
  const Scalar* value = nullptr;
  bool is_not_action = false;
  // has_wildcard(value->text)
  bool wildcard = false;
  // d::resolve_action(...).status
  rules::d::ActionStatus status = rules::d::ActionStatus::NotAnAction;
};

class DocumentFacts {
 public:
  DocumentFacts(const iamdata::Catalog& catalog, const Policy* policy) : catalog_(catalog), policy_(policy) {}
  DocumentFacts(const DocumentFacts&) = delete;
  DocumentFacts& operator=(const DocumentFacts&) = delete;

  // Makes `facts` this thread's current facts until the scope ends (the previous ones then).
  class Scope {
   public:
    explicit Scope(DocumentFacts& facts) : previous_(slot()) { slot() = &facts; }
    ~Scope() { slot() = previous_; }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    DocumentFacts* previous_;
  };

  // This thread's current facts when they are of `policy` under `catalog`; null otherwise.
  [[nodiscard]] static DocumentFacts* current(const iamdata::Catalog& catalog, const Policy* policy) {
    DocumentFacts* facts = slot();
    return facts != nullptr && facts->policy_ == policy && &facts->catalog_ == &catalog ? facts : nullptr;
  }

  // The statement's fit, computed on first use. `st` is one of the document's statements.
  [[nodiscard]] StatementFit& fit(const Statement& st) {
    const std::vector<Statement>& all = policy_ != nullptr ? policy_->statements() : no_statements();
    if (all.empty() || &st < all.data() || &st >= all.data() + all.size()) {
      throw std::logic_error("DocumentFacts::fit: not a statement of the document");
    }
    if (fits_.empty()) fits_.resize(all.size());
    std::optional<StatementFit>& slot = fits_[static_cast<std::size_t>(&st - all.data())];
    if (!slot) slot.emplace(catalog_, st);
    return *slot;
  }

  // The fields of a string value meant as an ARN (arns::parse_for_fields), parsed on first use:
  // A002, A003, A005, A006 and W003 each read the same Resource and principal ARNs. `value` is a
  // value of the document; the reference stays valid while the facts live.
  [[nodiscard]] const std::optional<Arn>& arn_fields(const Scalar& value) {
    const auto found = arn_fields_.find(&value);
    if (found != arn_fields_.end()) return found->second;
    return arn_fields_.emplace(&value, rules::arns::parse_for_fields(value.text)).first->second;
  }

  // Every string of every Action and NotAction element, in d::for_each_action_value's order,
  // classified on first use: one look-up per value for the three rules instead of one each.
  [[nodiscard]] const std::vector<ActionValueFact>& action_values() {
    if (action_values_) return *action_values_;
    std::vector<ActionValueFact>& out = action_values_.emplace();
    if (policy_ == nullptr) return out;
    rules::d::for_each_action_value(*policy_, [&](const Statement&, const Scalar& value, bool is_not_action) {
      if (value.type != json::Type::String) return;
      out.push_back({&value, is_not_action, has_wildcard(value.text),
                     rules::d::resolve_action(catalog_, value).status});
    });
    return out;
  }

 private:
  static DocumentFacts*& slot() {
    thread_local DocumentFacts* current = nullptr;
    return current;
  }
  static const std::vector<Statement>& no_statements() {
    static const std::vector<Statement> kNone;
    return kNone;
  }

  const iamdata::Catalog& catalog_;
  const Policy* policy_;
  std::vector<std::optional<StatementFit>> fits_;
  std::optional<std::vector<ActionValueFact>> action_values_;
  std::unordered_map<const Scalar*, std::optional<Arn>> arn_fields_;
};

namespace rules {

// Calls fn(facts) with the facts lint_document shares between the rules it runs over this input,
// or with facts of this call alone when there are none (a rule run on its own).
template <class Fn>
void with_facts(const LintInput& in, Fn&& fn) {
  const iamdata::Catalog& catalog = catalog_of(in.context);
  if (DocumentFacts* shared = DocumentFacts::current(catalog, in.policy)) {
    fn(*shared);
    return;
  }
  DocumentFacts local(catalog, in.policy);
  fn(local);
}

}  // namespace rules

}  // namespace iamsmith
