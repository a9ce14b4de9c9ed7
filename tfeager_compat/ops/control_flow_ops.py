"""control_flow_ops."""
