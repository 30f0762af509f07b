# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The mark of the flows that own money and bank-state fields.

A title's boleto data, the links of a renegotiation, the collection origin of
an entry, the state of a case or of a renegotiation and the lines of a
confirmed renegotiation are written only by the flows that own them (issuing a
boleto, a bank return, confirming or undoing a renegotiation, closing a
case...). Those flows run as superuser or put :data:`FLOW` in the context
under the key ``telecobranca_flow``.

:data:`FLOW` is a Python object, not a value: a context that arrives over RPC
is JSON, so no client can send it (``telecobranca_flow=True`` is refused like
no mark at all).
"""


class _FlowMark:
    __slots__ = ()

    def __repr__(self):
        return "<telecobranca flow>"


FLOW = _FlowMark()


def in_flow(env, superuser=True):
    """Whether ``env`` runs a flow that owns protected fields: the context
    holds :data:`FLOW` or (unless ``superuser`` is false) it is superuser."""
    return (superuser and env.su) or env.context.get("telecobranca_flow") is FLOW
