#ifndef QMATCH_CXGBOOST_SHIM_H
#define QMATCH_CXGBOOST_SHIM_H
// XGBoost's C API (Debian's libxgboost-dev, 1.7): training and prediction of gradient-boosted trees.
#include <xgboost/c_api.h>
#endif
