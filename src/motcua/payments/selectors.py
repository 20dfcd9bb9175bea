"""What a dossier owes: the fee fixed at reception (none when exempted) as the first charge, less what was
paid, plus what was refunded."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from motcua.dossiers.models import OPEN_STATUSES, Dossier
from motcua.payments.models import LedgerEntry, PaymentOrder

K = LedgerEntry.Kind
# Fees are paid while the dossier is open, or before its result is handed over.
PAYABLE_STATUSES = frozenset({*OPEN_STATUSES, Dossier.Status.FINISHED})


def ledger_totals(dossier: Dossier) -> dict[str, Decimal]:
    rows = LedgerEntry.objects.filter(dossier=dossier).values("kind").annotate(total=Sum("amount"))
    totals = {kind: Decimal(0) for kind in K.values}
    totals.update({row["kind"]: row["total"] or Decimal(0) for row in rows})
    return totals


def reception_fee(dossier: Dossier) -> Decimal:
    """The fee set at reception: nothing for an exempted applicant."""
    return Decimal(0) if dossier.fee_exempt else Decimal(dossier.fee_amount or 0)


def fees_due(dossier: Dossier) -> Decimal:
    """What is still to pay. Before any ledger entry: the reception's fee unless it was paid (or exempted)
    there; after: charges − payments + refunds (never below zero)."""
    if not LedgerEntry.objects.filter(dossier=dossier).exists():
        return Decimal(0) if dossier.fee_paid else reception_fee(dossier)
    totals = ledger_totals(dossier)
    return max(totals[K.CHARGE] - totals[K.PAYMENT] + totals[K.REFUND], Decimal(0))


def refundable(dossier: Dossier) -> Decimal:
    totals = ledger_totals(dossier)
    return max(totals[K.PAYMENT] - totals[K.REFUND], Decimal(0))


def may_pay(dossier: Dossier) -> bool:
    return dossier.status in PAYABLE_STATUSES and dossier.outcome != "refused" and fees_due(dossier) > 0


def ledger_of(dossier: Dossier) -> list[LedgerEntry]:
    return list(LedgerEntry.objects.filter(dossier=dossier).select_related("actor").order_by("at", "id"))


def payment_receipts(dossier: Dossier) -> list[LedgerEntry]:
    return [e for e in ledger_of(dossier) if e.kind == K.PAYMENT]


def order_of(dossier: Dossier, reference: str) -> PaymentOrder | None:
    return PaymentOrder.objects.filter(dossier=dossier, reference=reference).first() if reference else None
