"""`tf.distribute.ReduceOp`, `tf.VariableAggregation` and `tf.VariableSynchronization`: TF's
enums, with TF's values, names and reprs."""
import enum

from ..ops.registry import export


@export("distribute.ReduceOp")
class ReduceOp(enum.Enum):
    """How values from the replicas are combined: `ReduceOp("SUM")` works, `"sum"` does not."""

    SUM = "SUM"
    MEAN = "MEAN"

    @staticmethod
    def from_variable_aggregation(aggregation):
        return _FROM_AGGREGATION[aggregation]

    @classmethod
    def of(cls, reduce_op):
        """A ReduceOp from a ReduceOp or its name (TF upper-cases a string first)."""
        return cls(reduce_op.upper()) if isinstance(reduce_op, str) else cls(reduce_op)


@export("VariableAggregation")
class VariableAggregation(enum.Enum):
    """How replica-context updates of a mirrored variable are combined."""

    NONE = 0
    SUM = 1
    MEAN = 2
    ONLY_FIRST_REPLICA = 3
    ONLY_FIRST_TOWER = 3  # TF1's alias


@export("VariableSynchronization")
class VariableSynchronization(enum.Enum):
    AUTO = 0
    NONE = 1
    ON_WRITE = 2
    ON_READ = 3


_FROM_AGGREGATION = {VariableAggregation.SUM: ReduceOp.SUM,
                     VariableAggregation.MEAN: ReduceOp.MEAN}
