#!/usr/bin/env bash
# Placeholder for the EKS AL2 AMI's /etc/eks/bootstrap.sh (awslabs/amazon-eks-ami
# templates/al2/runtime/bootstrap.sh): its presence marks the layout; it is not run.
exit 0
